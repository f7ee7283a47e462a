-- dataset_rows: how many respondent rows of a dataset are loaded (none when it was loaded from its prepared
-- aggregates, which hold no rows).
-- grain: one row.
-- params: $dataset_id
with final as (
    select count(*) as n from respondents where dataset_id = $dataset_id
)

select * from final

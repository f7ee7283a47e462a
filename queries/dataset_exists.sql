-- dataset_exists: whether a dataset id is already loaded.
-- grain: one row.
-- params: $dataset_id
with final as (
    select count(*) as n from datasets where dataset_id = $dataset_id
)

select * from final

-- export_respondent_answers: one dataset's rows of the respondent_answers aggregate, to write as its prepared Parquet file.
-- grain: as respondent_answers (see load_schema).
-- params: $dataset_id
with final as (
    select * from respondent_answers where dataset_id = $dataset_id
)

select * from final

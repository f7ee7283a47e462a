-- export_respondent_favorites: one dataset's rows of the respondent_favorites aggregate, to write as its prepared Parquet file.
-- grain: as respondent_favorites (see load_schema).
-- params: $dataset_id
with final as (
    select * from respondent_favorites where dataset_id = $dataset_id
)

select * from final

-- export_contact_answers: one dataset's rows of the contact_answers aggregate, to write as its prepared Parquet file.
-- grain: as contact_answers (see load_schema).
-- params: $dataset_id
with final as (
    select * from contact_answers where dataset_id = $dataset_id
)

select * from final

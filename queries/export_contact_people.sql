-- export_contact_people: one dataset's rows of the contact_people aggregate, to write as its prepared Parquet file.
-- grain: as contact_people (see load_schema).
-- params: $dataset_id
with final as (
    select * from contact_people where dataset_id = $dataset_id
)

select * from final

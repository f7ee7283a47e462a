-- export_contact_pairs: one dataset's rows of the contact_pairs aggregate, to write as its prepared Parquet file.
-- grain: as contact_pairs (see load_schema).
-- params: $dataset_id
with final as (
    select * from contact_pairs where dataset_id = $dataset_id
)

select * from final

-- load_prepared_contact_pairs: a prepared dataset's contact_pairs aggregate, read from its prepared Parquet file.
-- grain: as contact_pairs (see load_schema).
-- params: $dataset_id; reads the registered view prepared_contact_pairs
insert into contact_pairs by name
with final as (
    select * replace ($dataset_id as dataset_id) from prepared_contact_pairs
)

select * from final

-- load_prepared_contact_people: a prepared dataset's contact_people aggregate, read from its prepared Parquet file.
-- grain: as contact_people (see load_schema).
-- params: $dataset_id; reads the registered view prepared_contact_people
insert into contact_people by name
with final as (
    select * replace ($dataset_id as dataset_id) from prepared_contact_people
)

select * from final

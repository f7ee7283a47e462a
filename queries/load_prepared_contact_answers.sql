-- load_prepared_contact_answers: a prepared dataset's contact_answers aggregate, read from its prepared Parquet file.
-- grain: as contact_answers (see load_schema).
-- params: $dataset_id; reads the registered view prepared_contact_answers
insert into contact_answers by name
with final as (
    select * replace ($dataset_id as dataset_id) from prepared_contact_answers
)

select * from final

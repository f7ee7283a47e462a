-- load_prepared_respondent_answers: a prepared dataset's respondent_answers aggregate, read from its prepared Parquet file.
-- grain: as respondent_answers (see load_schema).
-- params: $dataset_id; reads the registered view prepared_respondent_answers
insert into respondent_answers by name
with final as (
    select * replace ($dataset_id as dataset_id) from prepared_respondent_answers
)

select * from final

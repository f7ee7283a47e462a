-- load_prepared_respondent_favorites: a prepared dataset's respondent_favorites aggregate, read from its prepared Parquet file.
-- grain: as respondent_favorites (see load_schema).
-- params: $dataset_id; reads the registered view prepared_respondent_favorites
insert into respondent_favorites by name
with final as (
    select * replace ($dataset_id as dataset_id) from prepared_respondent_favorites
)

select * from final

-- dataset_regions: the regions a dataset's respondents come from (the options of the region slicer).
-- grain: one row per region.
-- params: $dataset
with final as (
    select distinct region
    from respondent_answers
    where dataset_id = $dataset and question = 'respondent' and region is not null
)

select * from final order by region

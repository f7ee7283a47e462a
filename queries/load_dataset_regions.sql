-- load_dataset_regions: note the regions a loaded survey's respondents come from (the region slicer's options).
-- grain: one row per dataset (updates it).
-- params: $dataset_id (run after its aggregates are loaded)
update datasets
set regions = (
    select coalesce(list(distinct region order by region), [])
    from respondent_answers
    where dataset_id = $dataset_id and question = 'respondent' and region is not null
)
where dataset_id = $dataset_id

-- datasets_list: every loaded dataset and its metadata, bundled studies first.
-- grain: one row per dataset.
-- params: none
with final as (
    select
        dataset_id,
        title,
        publisher,
        year,
        kind,
        sample_size,
        population,
        fieldwork,
        synthetic,
        source,
        source_notes,
        weighting,
        published_fields,
        modelled_fields,
        modelled_patterns,
        coalesce(regions, []) as regions
    from datasets
)

select * from final order by synthetic desc, year desc, dataset_id

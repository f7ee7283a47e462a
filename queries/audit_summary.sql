-- audit_summary: size of a brand audit: brands audited and test messages (probes) sent.
-- grain: one row.
-- params: $dataset
with final as (
    select
        (select count(*) from brands where dataset_id = $dataset) as brands,
        (select count(*) from probes where dataset_id = $dataset) as probes
)

select * from final

-- audit_probes: every test message a brand answered, with how long the answer took.
-- grain: one row per responded probe.
-- params: $dataset
with final as (
    select brand, network::varchar as network, probe_type::varchar as probe_type, response_minutes
    from probes
    where dataset_id = $dataset and responded
)

select * from final order by network, probe_type, response_minutes

-- load_probes: cast and name one audit's validated probes (test messages) once.
-- grain: one row per probe.
-- params: $dataset_id; reads the registered view raw_probes (text columns).
insert into probes by name
with final as (
    select
        $dataset_id as dataset_id,
        probe_id,
        brand,
        network::network_t as network,
        probe_type::probe_type_t as probe_type,
        sent_at::timestamp as sent_at,
        responded::boolean as responded,
        response_minutes::integer as response_minutes
    from raw_probes
)

select * from final

-- probe_rates: how audited brands answered test messages, per network and message type.
-- grain: one row per network and probe type, plus network 'all' / probe_type 'all' for every probe.
--        Shares are unweighted (one probe per brand, network and type). Minutes are over responded probes.
-- params: $dataset
with probes_of_dataset as (
    select network::varchar as network, probe_type::varchar as probe_type, responded, response_minutes
    from probes
    where dataset_id = $dataset
),

final as (
    select
        coalesce(network, 'all') as network,
        coalesce(probe_type, 'all') as probe_type,
        count(*) as base_n,
        count(*)::double as base_w,
        count(*)::double as base_w2,
        count_if(responded) as hit_n,
        count_if(responded)::double as hit_w,
        avg(response_minutes) filter (where responded) as mean_minutes,
        min(response_minutes) filter (where responded) as min_minutes,
        max(response_minutes) filter (where responded) as max_minutes
    from probes_of_dataset
    group by grouping sets ((network, probe_type), ())
)

select * from final order by network, probe_type

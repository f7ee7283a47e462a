-- favorite_networks: share of respondents who name each network among their favourites (a multi-select,
-- so the shares can sum past 100%).
-- grain: one row per segment and network; segment 'All' is the whole slice. The base is the respondents
--        who answered the question, the same for every network.
-- params: $dataset, $age_groups, $genders, $regions, $channels, $networks, $splits
with answered as (
    select * from favorites_in_slice($dataset, $age_groups, $genders, $regions, $channels, $networks)
),

segmented as (
    select
        favorite_networks,
        n,
        w,
        w2,
        unnest(list_prepend('All', segments_of($splits, age_group, gender, channels_used))) as segment
    from answered
),

networks as (
    select value as answer from contract_values where domain = 'network_t'
),

final as (
    select
        segmented.segment,
        networks.answer,
        sum(segmented.n)::bigint as base_n,
        sum(segmented.w) as base_w,
        sum(segmented.w2) as base_w2,
        coalesce(sum(segmented.n) filter (where list_contains(segmented.favorite_networks, networks.answer)), 0)::bigint
            as hit_n,
        coalesce(sum(segmented.w) filter (where list_contains(segmented.favorite_networks, networks.answer)), 0.0)
            as hit_w
    from segmented
    cross join networks
    group by segmented.segment, networks.answer
)

select * from final order by segment, answer

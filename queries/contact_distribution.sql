-- contact_distribution: how the contacts in the slice answer one question, per channel (or per network).
-- grain: one row per segment, channel (or network) and answer given; segment 'All' is the whole slice. The
--        base is the segment's contacts on that channel that answered the question; wx is the weighted sum
--        of minutes for the timed questions (expected_response, response_time, *_paired).
-- params: $dataset, $question (a question of load_contact_answers, e.g. got_response, resolved, reason,
--         expected_response, or contact for the number of contacts), $by (channel | network),
--         $age_groups, $genders, $regions, $channels, $networks, $split (none | age_group | gender | channel)
with answers as (
    select
        if($by = 'network', network::varchar, channel::varchar) as channel,
        age_group,
        gender,
        answer,
        n,
        w,
        w2,
        wx
    from contact_answers_in_slice($dataset, $age_groups, $genders, $regions, $channels, $networks)
    where question = $question and ($by = 'channel' or network is not null)
),

segmented as (
    select 'All' as segment, channel, answer, n, w, w2, wx from answers
    union all
    select unnest(segments_of($split, age_group, gender, [channel])) as segment, channel, answer, n, w, w2, wx
    from answers
),

final as (
    select
        segment,
        channel,
        answer,
        (sum(sum(n)) over (partition by segment, channel))::bigint as base_n,
        sum(sum(w)) over (partition by segment, channel) as base_w,
        sum(sum(w2)) over (partition by segment, channel) as base_w2,
        sum(n)::bigint as hit_n,
        sum(w) as hit_w,
        sum(wx) as hit_wx
    from segmented
    group by segment, channel, answer
)

select * from final order by segment, channel, answer

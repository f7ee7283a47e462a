-- contact_distribution: how the contacts in the slice answer some questions, per channel (or per network).
-- grain: one row per question, segment, channel (or network) and answer given; segment 'All' is the whole
--        slice, then one segment per value of each split asked for. The base is the segment's contacts on
--        that channel that answered the question; hit_w2 is the hits' sum of squared weights (for the variance
--        of a share pooled over channels); hit_wx is the weighted sum of minutes for the timed questions
--        (expected_response, response_time, *_paired), and hit_w2x and hit_w2x2 the hits' squared weights
--        times minutes and times squared minutes (for the linearised variance of a weighted mean); all three
--        are null for the other questions.
-- params: $dataset, $questions (questions of load_contact_answers, e.g. got_response, resolved, reason,
--         expected_response, or contact for the number of contacts), $by (channel | network),
--         $age_groups, $genders, $regions, $channels, $networks, $splits (any of age_group, gender, region, channel)
with segmented as (
    select
        question,
        if($by = 'network', network::varchar, channel::varchar) as channel,
        answer,
        n,
        w,
        w2,
        wx,
        w2x,
        w2x2,
        unnest(list_prepend('All', segments_of($splits, age_group, gender, region, [channel]))) as segment
    from contact_answers_in_slice($dataset, $age_groups, $genders, $regions, $channels, $networks)
    where list_contains($questions, question) and ($by = 'channel' or network is not null)
),

final as (
    select
        question,
        segment,
        channel,
        answer,
        (sum(sum(n)) over (partition by question, segment, channel))::bigint as base_n,
        sum(sum(w)) over (partition by question, segment, channel) as base_w,
        sum(sum(w2)) over (partition by question, segment, channel) as base_w2,
        sum(n)::bigint as hit_n,
        sum(w) as hit_w,
        sum(w2) as hit_w2,
        sum(wx) as hit_wx,
        sum(w2x) as hit_w2x,
        sum(w2x2) as hit_w2x2
    from segmented
    group by question, segment, channel, answer
)

select * from final order by question, segment, channel, answer

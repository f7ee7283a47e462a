-- respondent_distribution: how the respondents in the slice answer some questions.
-- grain: one row per question, segment and answer given; segment 'All' is the whole slice, then one segment
--        per value of each split asked for. The base of a question in a segment is everyone in it who answered
--        the question (the same on each of its rows).
-- params: $dataset, $questions (questions of load_respondent_answers, e.g. preferred_channel,
--         prefers_live_assistance, channels_used_to_resolve, or respondent for the slice size),
--         $age_groups, $genders, $regions, $channels, $networks, $splits (any of age_group, gender, channel)
with segmented as (
    select
        question,
        answer,
        n,
        w,
        w2,
        unnest(list_prepend('All', segments_of($splits, age_group, gender, channels_used))) as segment
    from answers_in_slice($dataset, $age_groups, $genders, $regions, $channels, $networks)
    where list_contains($questions, question)
),

final as (
    select
        question,
        segment,
        answer,
        (sum(sum(n)) over (partition by question, segment))::bigint as base_n,
        sum(sum(w)) over (partition by question, segment) as base_w,
        sum(sum(w2)) over (partition by question, segment) as base_w2,
        sum(n)::bigint as hit_n,
        sum(w) as hit_w
    from segmented
    group by question, segment, answer
)

select * from final order by question, segment, answer

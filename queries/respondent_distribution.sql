-- respondent_distribution: how the respondents in the slice answer some questions.
-- grain: one row per question, segment and answer given; segment 'All' is the whole slice, then one segment
--        per value of each split asked for. The base of a question in a segment is everyone in it who answered
--        the question (the same on each of its rows): the sum of its answers, or for a multi-select question
--        (favorite_networks) its '*' row, so that its shares can sum past 100%.
-- params: $dataset, $questions (questions of load_respondent_answers, e.g. preferred_channel,
--         prefers_live_assistance, favorite_networks, or respondent for the slice size),
--         $age_groups, $genders, $regions, $channels, $networks, $splits (any of age_group, gender, region, channel)
with segmented as (
    select
        question,
        answer,
        n,
        w,
        w2,
        unnest(list_prepend('All', segments_of($splits, age_group, gender, region, channels_used))) as segment
    from answers_in_slice($dataset, $age_groups, $genders, $regions, $channels, $networks, $splits)
    where list_contains($questions, question)
),

counted as (
    select
        question,
        segment,
        answer,
        coalesce(sum(sum(n) filter (where answer = '*')) over base, sum(sum(n)) over base)::bigint as base_n,
        coalesce(sum(sum(w) filter (where answer = '*')) over base, sum(sum(w)) over base) as base_w,
        coalesce(sum(sum(w2) filter (where answer = '*')) over base, sum(sum(w2)) over base) as base_w2,
        sum(n)::bigint as hit_n,
        sum(w) as hit_w
    from segmented
    group by question, segment, answer
    window base as (partition by question, segment)
),

final as (
    select * from counted where answer != '*'
)

select * from final order by question, segment, answer

-- respondent_distribution: how the respondents in the slice answer one question.
-- grain: one row per segment and answer given; segment 'All' is the whole slice. The base of a segment is
--        everyone in it who answered the question (the same on each of its rows).
-- params: $dataset, $question (a question of load_respondent_answers, e.g. preferred_channel,
--         prefers_live_assistance, channels_used_to_resolve, or respondent for the slice size),
--         $age_groups, $genders, $regions, $channels, $networks, $split (none | age_group | gender | channel)
with answers as (
    select *
    from answers_in_slice($dataset, $age_groups, $genders, $regions, $channels, $networks)
    where question = $question
),

segmented as (
    select 'All' as segment, answer, n, w, w2 from answers
    union all
    select unnest(segments_of($split, age_group, gender, channels_used)) as segment, answer, n, w, w2
    from answers
),

final as (
    select
        segment,
        answer,
        (sum(sum(n)) over (partition by segment))::bigint as base_n,
        sum(sum(w)) over (partition by segment) as base_w,
        sum(sum(w2)) over (partition by segment) as base_w2,
        sum(n)::bigint as hit_n,
        sum(w) as hit_w
    from segmented
    group by segment, answer
)

select * from final order by segment, answer

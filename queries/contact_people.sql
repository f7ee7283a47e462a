-- contact_people: how many people the contacts in the slice come from, by the channels (of those the channel filter
-- keeps) on which each answered a question; what contacts pooled over channels count as their small-base flags. Not
-- valid under a network filter (the slice then holds social contacts only, one per person: people are contacts).
-- grain: one row per question, segment and set of channels answered on; segment 'All' is the whole slice, then one
--        segment per value of each split asked for (a person in the segment of each channel they answered on).
-- params: $dataset, $questions, $age_groups, $genders, $regions, $channels, $splits (any of age_group, gender, region,
--         channel)
with kept as (
    select
        question,
        age_group,
        gender,
        region,
        list_filter(channels, lambda c: len($channels) = 0 or list_contains($channels, c::varchar)) as channels,
        n
    from contact_people
    where dataset_id = $dataset
        and list_contains($questions, question)
        and (len($age_groups) = 0 or list_contains($age_groups, age_group))
        and (len($genders) = 0 or list_contains($genders, gender))
        and (len($regions) = 0 or list_contains($regions, region))
),

segmented as (
    select
        question,
        channels,
        n,
        unnest(list_prepend('All', segments_of($splits, age_group, gender, region, channels))) as segment
    from kept
    where len(channels) > 0
),

final as (
    select
        question,
        segment,
        channels::varchar[] as channels,
        sum(n)::bigint as people
    from segmented
    group by all
)

select * from final order by question, segment, channels

-- contact_pair_sums: the pairs of one respondent's different contacts by both channels and both answers, summed
-- over the slice (see contact_pairs in load_schema): what the variance of contacts pooled over channels, or of
-- one channel's contacts against the others', needs beyond the contacts' own sums. A channel filter keeps the
-- pairs of two contacts on the chosen channels; not valid under a network filter (pairs carry no network).
-- grain: one row per question, segment, channel and answer of the first contact, and channel and answer of the
--        second; segment 'All' is the whole slice, then one segment per value of each split asked for (age_group,
--        gender, region).
-- params: $dataset, $questions, $age_groups, $genders, $regions, $channels, $splits (any of age_group, gender, region)
with segmented as (
    select
        question,
        channel_a,
        answer_a,
        channel_b,
        answer_b,
        w2,
        unnest(list_prepend('All', segments_of($splits, age_group, gender, region, []::channel_t[]))) as segment
    from contact_pairs
    where dataset_id = $dataset
        and list_contains($questions, question)
        and (len($age_groups) = 0 or list_contains($age_groups, age_group))
        and (len($genders) = 0 or list_contains($genders, gender))
        and (len($regions) = 0 or list_contains($regions, region))
        and (len($channels) = 0 or (list_contains($channels, channel_a) and list_contains($channels, channel_b)))
),

final as (
    select
        question,
        segment,
        channel_a::varchar as channel_a,
        answer_a,
        channel_b::varchar as channel_b,
        answer_b,
        sum(w2) as pair_w2
    from segmented
    group by all
)

select * from final order by question, segment, channel_a, answer_a, channel_b, answer_b

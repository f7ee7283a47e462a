-- contact_pair_sums: for contacts pooled over every channel, the pairs of one respondent's different contacts
-- by both answers, summed over the slice (see contact_pairs in load_schema): what the variance of a pooled
-- share needs beyond the contacts' own sums. Valid only without a channel or network filter (pairs are kept
-- for all of a respondent's contacts).
-- grain: one row per question, segment, answer of the first contact and answer of the second; segment 'All' is
--        the whole slice, then one segment per value of each split asked for (age_group, gender).
-- params: $dataset, $questions, $age_groups, $genders, $regions, $splits (any of age_group, gender)
with segmented as (
    select
        question,
        answer_a,
        answer_b,
        w2,
        unnest(list_prepend('All', segments_of($splits, age_group, gender, []::channel_t[]))) as segment
    from contact_pairs
    where dataset_id = $dataset
        and list_contains($questions, question)
        and (len($age_groups) = 0 or list_contains($age_groups, age_group))
        and (len($genders) = 0 or list_contains($genders, gender))
        and (len($regions) = 0 or list_contains($regions, region))
),

final as (
    select
        question,
        segment,
        answer_a,
        answer_b,
        sum(w2) as pair_w2
    from segmented
    group by question, segment, answer_a, answer_b
)

select * from final order by question, segment, answer_a, answer_b

-- sum_prepared_contact_pairs: the contact_pairs aggregates of a survey's parts (prepared separately), summed; valid
-- when each respondent's contacts are all in the respondent's part (pairs are of one person's contacts).
-- grain: as contact_pairs (see load_schema), for the whole survey.
-- params: $dataset_id (the summed survey's); reads the registered view parts_contact_pairs (every part's rows)
with final as (
    select
        $dataset_id as dataset_id,
        age_group,
        gender,
        region,
        question,
        channel_a,
        channel_b,
        answer_a,
        answer_b,
        sum(w2) as w2
    from parts_contact_pairs
    group by all
)

select * from final order by question

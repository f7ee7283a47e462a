-- sum_prepared_contact_people: the contact_people aggregates of a survey's parts (prepared separately), summed; valid
-- when each respondent's contacts are all in the respondent's part (people are counted by their set of channels).
-- grain: as contact_people (see load_schema), for the whole survey.
-- params: $dataset_id (the summed survey's); reads the registered view parts_contact_people (every part's rows)
with final as (
    select
        $dataset_id as dataset_id,
        age_group,
        gender,
        region,
        question,
        channels,
        sum(n)::bigint as n
    from parts_contact_people
    group by all
)

select * from final order by question

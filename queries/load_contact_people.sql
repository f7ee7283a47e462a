-- load_contact_people: for each respondent, the channels on which they answered each question (answers coded by
-- contact_codes, as in contact_answers), counted by the respondent's slicer dimensions: how many people the
-- contacts of a slice pooled over channels come from.
-- grain: one row per age group, gender, region, question and set of channels answered on (in channel order).
-- params: $dataset_id, $edges (bucket upper edges in minutes, ascending)
insert into contact_people by name
with long as (
    select
        respondent_id,
        age_group,
        gender,
        region,
        channel,
        unnest(
            contact_codes(
                $edges, got_response, resolved, followed_up, reason, resolution_time, contacts_needed,
                satisfaction, expected_response_minutes, response_minutes
            ),
            recursive := true
        )
    from contacts
    where dataset_id = $dataset_id
),

people as (
    select
        age_group,
        gender,
        region,
        question,
        list_sort(list(channel)) as channels
    from long
    where answer is not null
    group by respondent_id, age_group, gender, region, question
),

final as (
    select
        $dataset_id as dataset_id,
        age_group,
        gender,
        region,
        question,
        channels,
        count(*) as n
    from people
    group by all
)

select * from final order by question

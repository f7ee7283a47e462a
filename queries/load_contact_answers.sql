-- load_contact_answers: aggregate one dataset's contacts by the slicer dimensions, channel, network, question
-- and answer, each contact's answers coded by contact_codes (see load_macros). wx is the weighted sum of
-- minutes; w2x and w2x2 sum the squared weights times the minutes and times their squares (for the
-- linearised variance of a weighted mean).
-- grain: one row per age group, gender, region, channel, network, question and answer.
-- params: $dataset_id, $edges (bucket upper edges in minutes, ascending)
insert into contact_answers by name
with long as (
    select
        age_group,
        gender,
        region,
        channel,
        network,
        weight,
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

final as (
    select
        $dataset_id as dataset_id,
        age_group,
        gender,
        region,
        channel,
        network,
        question,
        answer,
        count(*) as n,
        sum(weight) as w,
        sum(weight * weight) as w2,
        sum(weight * x) as wx,
        sum(weight * weight * x) as w2x,
        sum(weight * weight * x * x) as w2x2
    from long
    where answer is not null
    group by all
)

select * from final order by question

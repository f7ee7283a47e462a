-- load_contact_answers: aggregate one dataset's contacts by the slicer dimensions, channel, network, question
-- and answer. question 'contact' (answer 'all') counts every contact. Minutes are bucketed by the upper
-- edges in $edges ('more' past the last); expected_response answers 'none' when no response is expected, so
-- its base is every contact. expected_paired / response_paired hold contacts with both an expected and an
-- actual response time, for the gap between them; wx is the weighted sum of those minutes and wx2 of their
-- squares (for the variance of a weighted mean).
-- grain: one row per age group, gender, region, channel, network, question and answer.
-- params: $dataset_id, $edges (bucket upper edges in minutes, ascending)
insert into contact_answers by name
with timed as (
    select
        *,
        coalesce(list_filter($edges::integer[], lambda e: expected_response_minutes <= e)[1]::varchar, 'more')
            as expected_bucket,
        coalesce(list_filter($edges::integer[], lambda e: response_minutes <= e)[1]::varchar, 'more')
            as response_bucket,
        expected_response_minutes is not null and got_response and response_minutes is not null as paired
    from contacts
    where dataset_id = $dataset_id
),

long as (
    select
        age_group,
        gender,
        region,
        channel,
        network,
        weight,
        unnest([
            {'question': 'contact', 'answer': 'all', 'x': null::double},
            {'question': 'got_response', 'answer': got_response::varchar, 'x': null},
            {'question': 'resolved', 'answer': resolved::varchar, 'x': null},
            {'question': 'followed_up', 'answer': followed_up::varchar, 'x': null},
            {'question': 'reason', 'answer': reason::varchar, 'x': null},
            {'question': 'resolution_time', 'answer': if(resolved, resolution_time::varchar, null), 'x': null},
            {'question': 'contacts_needed', 'answer': if(contacts_needed >= 5, '5+', contacts_needed::varchar), 'x': null},
            {'question': 'satisfaction', 'answer': satisfaction::varchar, 'x': null},
            {
                'question': 'expected_response',
                'answer': if(expected_response_minutes is null, 'none', expected_bucket),
                'x': expected_response_minutes
            },
            {
                'question': 'response_time',
                'answer': if(got_response and response_minutes is not null, response_bucket, null),
                'x': response_minutes
            },
            {'question': 'expected_paired', 'answer': if(paired, expected_bucket, null), 'x': expected_response_minutes},
            {'question': 'response_paired', 'answer': if(paired, response_bucket, null), 'x': response_minutes}
        ], recursive := true)
    from timed
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
        sum(weight * x * x) as wx2
    from long
    where answer is not null
    group by all
)

select * from final order by question

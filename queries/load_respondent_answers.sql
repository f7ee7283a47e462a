-- load_respondent_answers: aggregate one dataset's respondents by the slicer dimensions, question and answer.
-- question 'respondent' (answer 'all') counts everyone; booleans answer 'true' / 'false';
-- channels_used_to_resolve answers 1, 2, 3 or 4+. favorite_networks (a multi-select) has one row per network
-- chosen plus a row '*' counting everyone who answered it, its base. Blank answers are left out (in no base).
-- grain: one row per age group, gender, region, channels used, networks used, question and answer.
-- params: $dataset_id
insert into respondent_answers by name
with long as (
    select
        age_group,
        gender,
        region,
        channels_used,
        networks_used,
        weight,
        unnest([
            {'question': 'respondent', 'answer': 'all'},
            {'question': 'preferred_channel', 'answer': preferred_channel::varchar},
            {'question': 'fastest_channel', 'answer': fastest_channel::varchar},
            {'question': 'urgent_channel', 'answer': urgent_channel::varchar},
            {'question': 'best_service_channel', 'answer': best_service_channel::varchar},
            {'question': 'social_answer_frequency', 'answer': social_answer_frequency::varchar},
            {'question': 'prefers_live_assistance', 'answer': prefers_live_assistance::varchar},
            {
                'question': 'expects_same_response_time_off_hours',
                'answer': expects_same_response_time_off_hours::varchar
            },
            {'question': 'uses_facebook_for_deals', 'answer': uses_facebook_for_deals::varchar},
            {'question': 'posts_experiences_on_twitter', 'answer': posts_experiences_on_twitter::varchar},
            {
                'question': 'channels_used_to_resolve',
                'answer': if(channels_used_to_resolve >= 4, '4+', channels_used_to_resolve::varchar)
            }
        ], recursive := true)
    from respondents
    where dataset_id = $dataset_id
),

favorites as (
    select
        age_group,
        gender,
        region,
        channels_used,
        networks_used,
        weight,
        'favorite_networks' as question,
        unnest(list_prepend('*', favorite_networks::varchar[])) as answer
    from respondents
    where dataset_id = $dataset_id and favorite_networks is not null
),

answers as (
    select * from long
    union all by name
    select * from favorites
),

final as (
    select
        $dataset_id as dataset_id,
        age_group,
        gender,
        region,
        channels_used,
        networks_used,
        question,
        answer,
        count(*) as n,
        sum(weight) as w,
        sum(weight * weight) as w2
    from answers
    where answer is not null
    group by all
)

select * from final order by question

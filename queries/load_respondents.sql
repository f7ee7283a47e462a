-- load_respondents: cast and name one dataset's validated respondents once; add the channels and networks
-- each respondent used (from contacts) for the channel slicers. A network named twice in favorite_networks counts once.
-- grain: one row per respondent.
-- params: $dataset_id; reads the registered views raw_respondents and raw_contacts (text columns).
insert into respondents by name
with used as (
    select
        respondent_id,
        list_sort(list_distinct(list(channel::channel_t))) as channels_used,
        list_sort(list_distinct(list(network::network_t))) as networks_used
    from raw_contacts
    group by respondent_id
),

final as (
    select
        $dataset_id as dataset_id,
        r.respondent_id,
        r.age_group::age_group_t as age_group,
        r.gender::gender_t as gender,
        r.region,
        coalesce(r.weight::double, 1.0) as weight,
        r.preferred_channel::channel_t as preferred_channel,
        r.fastest_channel::channel_t as fastest_channel,
        r.urgent_channel::channel_t as urgent_channel,
        r.best_service_channel::channel_t as best_service_channel,
        r.prefers_live_assistance::boolean as prefers_live_assistance,
        r.expects_same_response_time_off_hours::boolean as expects_same_response_time_off_hours,
        r.channels_used_to_resolve::integer as channels_used_to_resolve,
        r.social_answer_frequency::answer_frequency_t as social_answer_frequency,
        list_sort(list_distinct(string_split(r.favorite_networks, ';')::network_t[])) as favorite_networks,
        r.uses_facebook_for_deals::boolean as uses_facebook_for_deals,
        r.posts_experiences_on_twitter::boolean as posts_experiences_on_twitter,
        coalesce(used.channels_used, []) as channels_used,
        coalesce(used.networks_used, []) as networks_used
    from raw_respondents as r
    left join used on r.respondent_id = used.respondent_id
)

select * from final

-- load_contacts: cast and name one dataset's validated contacts once, carrying each respondent's slicer
-- columns and weight so contact queries need no join.
-- grain: one row per contact (respondent and channel).
-- params: $dataset_id; reads the registered view raw_contacts and the loaded respondents.
insert into contacts by name
with final as (
    select
        $dataset_id as dataset_id,
        c.respondent_id,
        r.age_group,
        r.gender,
        r.region,
        r.weight,
        c.channel::channel_t as channel,
        c.network::network_t as network,
        c.reason::reason_t as reason,
        c.expected_response_minutes::integer as expected_response_minutes,
        c.got_response::boolean as got_response,
        c.response_minutes::integer as response_minutes,
        c.resolved::boolean as resolved,
        c.resolution_time::resolution_time_t as resolution_time,
        c.contacts_needed::integer as contacts_needed,
        c.followed_up::boolean as followed_up,
        c.satisfaction::tinyint as satisfaction
    from raw_contacts as c
    inner join respondents as r
        on r.dataset_id = $dataset_id and c.respondent_id = r.respondent_id
)

select * from final

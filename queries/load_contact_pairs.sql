-- load_contact_pairs: for each respondent with several contacts, every ordered pair of two different contacts,
-- by both contacts' channels and answers to each question (coded by contact_codes, as in contact_answers),
-- aggregated by the respondent's slicer dimensions. w2 is the sum of the two contacts' weights multiplied.
-- grain: one row per age group, gender, region, question, channel and answer of the first contact, and channel and
--        answer of the second.
-- params: $dataset_id, $edges (bucket upper edges in minutes, ascending)
insert into contact_pairs by name
with several as (
    select respondent_id
    from contacts
    where dataset_id = $dataset_id
    group by respondent_id
    having count(*) > 1
),

sides as (  -- the raw columns only: the join holds these, and the answers are coded after it
    select
        rowid as contact,
        respondent_id,
        age_group,
        gender,
        region,
        channel,
        weight,
        got_response,
        resolved,
        followed_up,
        reason,
        resolution_time,
        contacts_needed,
        satisfaction,
        expected_response_minutes,
        response_minutes
    from contacts
    where dataset_id = $dataset_id and respondent_id in (select respondent_id from several)
),

pairs as (
    select
        a.age_group,
        a.gender,
        a.region,
        a.channel as channel_a,
        b.channel as channel_b,
        a.weight * b.weight as w2,
        contact_codes(
            $edges, a.got_response, a.resolved, a.followed_up, a.reason, a.resolution_time, a.contacts_needed,
            a.satisfaction, a.expected_response_minutes, a.response_minutes
        ) as codes_a,
        contact_codes(
            $edges, b.got_response, b.resolved, b.followed_up, b.reason, b.resolution_time, b.contacts_needed,
            b.satisfaction, b.expected_response_minutes, b.response_minutes
        ) as codes_b
    from sides as a
    inner join sides as b
        on a.respondent_id = b.respondent_id and a.contact <> b.contact
),

long as (
    select
        age_group,
        gender,
        region,
        channel_a,
        channel_b,
        w2,
        unnest(
            list_transform(codes_a, lambda code, i: {
                'question': code.question, 'answer_a': code.answer, 'answer_b': codes_b[i].answer
            }),
            recursive := true
        )
    from pairs
),

final as (
    select
        $dataset_id as dataset_id,
        age_group,
        gender,
        region,
        question,
        channel_a,
        answer_a,
        channel_b,
        answer_b,
        sum(w2) as w2
    from long
    where answer_a is not null and answer_b is not null
    group by all
)

select * from final order by question

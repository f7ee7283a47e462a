-- load_contact_people: for each respondent, the channels on which they answered each question (answers coded by
-- contact_codes, as in contact_answers), counted by the respondent's slicer dimensions: how many people the
-- contacts of a slice pooled over channels come from. Each contact sets one bit per question it answers, at
-- position (the question's place in contact_codes) * (number of channels) + (its channel's place); OR-ing a
-- person's contacts gives, per question, the set of channels they answered on. One group per person (not per
-- person and question) keeps the memory small at ten million respondents; 128 bits hold 21 questions of 6 channels.
-- grain: one row per age group, gender, region, question and set of channels answered on (in channel order).
-- params: $dataset_id, $edges (bucket upper edges in minutes, ascending)
insert into contact_people by name
with questions as (
    select
        list_transform(
            contact_codes($edges, null, null, null, null, null, null, null, null, null), lambda code: code.question
        ) as names,
        len(enum_range(null::channel_t)) as width
),

people as (
    select
        age_group,
        gender,
        region,
        bit_or(list_reduce(
            list_transform(
                contact_codes(
                    $edges, got_response, resolved, followed_up, reason, resolution_time, contacts_needed,
                    satisfaction, expected_response_minutes, response_minutes
                ),
                lambda code, i: if(code.answer is null, 0, 1)::uhugeint
                    << ((i - 1) * width + enum_code(channel))::uhugeint
            ),
            lambda a, b: a | b
        )) as answered
    from contacts, questions
    where dataset_id = $dataset_id
    group by respondent_id, age_group, gender, region
),

per_question as (
    select
        age_group,
        gender,
        region,
        unnest(names) as question,
        unnest(list_transform(
            range(len(names)),
            lambda i: ((answered >> (i * width)::uhugeint) % (1::uhugeint << width::uhugeint))::integer
        )) as channel_bits
    from people, questions
),

final as (
    select
        $dataset_id as dataset_id,
        age_group,
        gender,
        region,
        question,
        list_filter(
            enum_range(null::channel_t)::channel_t[], lambda c: (channel_bits >> enum_code(c)::integer) % 2 = 1
        ) as channels,
        count(*) as n
    from per_question
    where channel_bits > 0
    group by age_group, gender, region, question, channel_bits
)

select * from final order by question

-- sum_prepared_contact_answers: the contact_answers aggregates of a survey's parts (prepared separately), summed.
-- grain: as contact_answers (see load_schema), for the whole survey.
-- params: $dataset_id (the summed survey's); reads the registered view parts_contact_answers (every part's rows)
with final as (
    select
        $dataset_id as dataset_id,
        age_group,
        gender,
        region,
        channel,
        network,
        question,
        answer,
        sum(n)::bigint as n,
        sum(w) as w,
        sum(w2) as w2,
        sum(wx) as wx,
        sum(w2x) as w2x,
        sum(w2x2) as w2x2
    from parts_contact_answers
    group by all
)

select * from final order by question

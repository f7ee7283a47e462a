-- sum_prepared_respondent_answers: the respondent_answers aggregates of a survey's parts (prepared separately), summed.
-- grain: as respondent_answers (see load_schema), for the whole survey.
-- params: $dataset_id (the summed survey's); reads the registered view parts_respondent_answers (every part's rows)
with final as (
    select
        $dataset_id as dataset_id,
        age_group,
        gender,
        region,
        channels_used,
        networks_used,
        question,
        answer,
        sum(n)::bigint as n,
        sum(w) as w,
        sum(w2) as w2
    from parts_respondent_answers
    group by all
)

select * from final order by question

-- load_respondent_totals: roll one dataset's respondent_answers up to age group and gender only: the rows a
-- slice reads when it filters on neither region, channel nor network and is not split by channel (the usual
-- case), a few hundred rows instead of thousands.
-- grain: one row per age group, gender, question and answer.
-- params: $dataset_id (run after its respondent_answers are loaded)
insert into respondent_totals by name
with final as (
    select
        dataset_id,
        age_group,
        gender,
        question,
        answer,
        sum(n)::bigint as n,
        sum(w) as w,
        sum(w2) as w2
    from respondent_answers
    where dataset_id = $dataset_id
    group by all
)

select * from final order by question

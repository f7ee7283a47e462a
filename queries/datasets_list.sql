-- datasets_list: every loaded dataset and its metadata, bundled studies first, with the questions (of
-- respondent_answers and contact_answers) that anyone in it answered: a survey need not ask them all.
-- expected_response counts as answered only when someone gave a time: a blank reads as 'none' (no response
-- expected), which every contact of a survey that never asked would otherwise "answer". 'network' is listed
-- when any contact names its social network (a survey may ask about social media but not which network).
-- grain: one row per dataset.
-- params: none
with answered as (
    select dataset_id, question from respondent_totals where n > 0
    union
    select dataset_id, question from contact_answers
    where n > 0 and not (question = 'expected_response' and answer = 'none')
    union
    select dataset_id, 'network' as question from contact_answers
    where n > 0 and network is not null
),

asked as (
    select dataset_id, list(question order by question) as questions
    from answered
    group by dataset_id
),

final as (
    select
        dataset_id,
        title,
        publisher,
        year,
        kind,
        sample_size,
        population,
        fieldwork,
        synthetic,
        source,
        source_notes,
        weighting,
        published_fields,
        modelled_fields,
        modelled_patterns,
        coalesce(regions, []) as regions,
        coalesce(asked.questions, []) as questions
    from datasets
    left join asked using (dataset_id)
)

select * from final order by synthetic desc, year desc, dataset_id

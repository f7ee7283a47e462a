-- dataset_summary: size of the slice: respondents (weighted base, Kish effective base) and contacts.
-- grain: one row.
-- params: $dataset, $age_groups, $genders, $regions, $channels, $networks
with people as (
    select
        coalesce(sum(n), 0)::bigint as respondents,
        coalesce(sum(w), 0.0) as base_w,
        coalesce(sum(w2), 0.0) as base_w2
    from answers_in_slice($dataset, $age_groups, $genders, $regions, $channels, $networks, []::varchar[])
    where question = 'respondent'
),

contact_count as (
    select coalesce(sum(n), 0)::bigint as contacts
    from contact_answers_in_slice($dataset, $age_groups, $genders, $regions, $channels, $networks)
    where question = 'contact'
),

final as (
    select
        people.respondents,
        people.base_w,
        people.base_w2,
        coalesce(people.base_w ^ 2 / nullif(people.base_w2, 0), 0.0) as effective_base,
        contact_count.contacts
    from people
    cross join contact_count
)

select * from final

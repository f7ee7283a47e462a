-- load_respondent_favorites: aggregate one dataset's answers to "favourite networks" (a multi-select) by the
-- slicer dimensions and the set of networks chosen. Respondents who left it blank are left out.
-- grain: one row per age group, gender, region, channels used, networks used and set of favourite networks.
-- params: $dataset_id
insert into respondent_favorites by name
with final as (
    select
        $dataset_id as dataset_id,
        age_group,
        gender,
        region,
        channels_used,
        networks_used,
        favorite_networks::varchar[] as favorite_networks,
        count(*) as n,
        sum(weight) as w,
        sum(weight * weight) as w2
    from respondents
    where dataset_id = $dataset_id and favorite_networks is not null
    group by all
)

select * from final

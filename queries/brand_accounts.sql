-- brand_accounts: share of audited brands with a Twitter / Facebook account, and of brands on Twitter that
-- followed the testers back.
-- grain: one row per measure (has_twitter, has_facebook, followed_back); the base is brands where the
--        measure is not blank (followed_back is blank for brands without a Twitter account).
-- params: $dataset
with answers as (
    from (select has_twitter, has_facebook, followed_back from brands where dataset_id = $dataset)
    unpivot (hit for measure in (has_twitter, has_facebook, followed_back))
),

final as (
    select
        measure,
        count(*) as base_n,
        count(*)::double as base_w,
        count(*)::double as base_w2,
        count_if(hit)::bigint as hit_n,
        count_if(hit)::double as hit_w
    from answers
    group by measure
)

select * from final order by measure

-- audit_brands: each audited brand, its accounts, and how it answered the test messages.
-- grain: one row per brand.
-- params: $dataset
with answered as (
    select
        brand,
        count(*) as probes,
        count_if(responded) as answered,
        avg(response_minutes) filter (where responded) as mean_minutes
    from probes
    where dataset_id = $dataset
    group by brand
),

final as (
    select
        brands.brand,
        brands.sector,
        brands.country,
        brands.has_twitter,
        brands.has_facebook,
        brands.followed_back,
        coalesce(answered.probes, 0) as probes,
        coalesce(answered.answered, 0) as answered,
        answered.mean_minutes
    from brands
    left join answered on brands.brand = answered.brand
    where brands.dataset_id = $dataset
)

select * from final order by brand

-- load_brands: cast and name one audit's validated brands once.
-- grain: one row per audited brand.
-- params: $dataset_id; reads the registered view raw_brands (text columns).
insert into brands by name
with final as (
    select
        $dataset_id as dataset_id,
        brand,
        country,
        sector,
        has_twitter::boolean as has_twitter,
        has_facebook::boolean as has_facebook,
        followed_back::boolean as followed_back
    from raw_brands
)

select * from final

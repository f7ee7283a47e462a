-- load_schema: ENUM types built from the contract, and the typed staging tables every query reads.
-- grain: datasets one row per dataset; respondents one per respondent; contacts one per respondent and
--        channel; brands one per audited brand; probes one per test message.
-- params: none (run after load_contract_values)
create type age_group_t as enum (select value from contract_values where domain = 'age_group_t' order by ord);
create type gender_t as enum (select value from contract_values where domain = 'gender_t' order by ord);
create type channel_t as enum (select value from contract_values where domain = 'channel_t' order by ord);
create type network_t as enum (select value from contract_values where domain = 'network_t' order by ord);
create type reason_t as enum (select value from contract_values where domain = 'reason_t' order by ord);
create type resolution_time_t as enum (
    select value from contract_values where domain = 'resolution_time_t' order by ord
);
create type answer_frequency_t as enum (
    select value from contract_values where domain = 'answer_frequency_t' order by ord
);
create type probe_type_t as enum (select value from contract_values where domain = 'probe_type_t' order by ord);

create table datasets (
    dataset_id varchar not null,
    title varchar not null,
    publisher varchar,
    year integer,
    kind varchar not null,
    sample_size integer,
    population varchar,
    fieldwork varchar,
    synthetic boolean not null,
    source varchar,
    source_notes varchar,
    weighting varchar,
    published_fields varchar[],
    modelled_fields varchar[],
    modelled_patterns varchar[],
    regions varchar[]
);

create table respondents (
    dataset_id varchar not null,
    respondent_id varchar not null,
    age_group age_group_t not null,
    gender gender_t not null,
    region varchar,
    weight double not null,
    preferred_channel channel_t,
    fastest_channel channel_t,
    urgent_channel channel_t,
    best_service_channel channel_t,
    prefers_live_assistance boolean,
    expects_same_response_time_off_hours boolean,
    channels_used_to_resolve integer,
    social_answer_frequency answer_frequency_t,
    favorite_networks network_t[],
    uses_facebook_for_deals boolean,
    posts_experiences_on_twitter boolean,
    channels_used channel_t[] not null,
    networks_used network_t[] not null
);

create table contacts (
    dataset_id varchar not null,
    respondent_id varchar not null,
    age_group age_group_t not null,
    gender gender_t not null,
    region varchar,
    weight double not null,
    channel channel_t not null,
    network network_t,
    reason reason_t,
    expected_response_minutes integer,
    got_response boolean,
    response_minutes integer,
    resolved boolean,
    resolution_time resolution_time_t,
    contacts_needed integer,
    followed_up boolean,
    satisfaction tinyint
);

create table brands (
    dataset_id varchar not null,
    brand varchar not null,
    country varchar,
    sector varchar,
    has_twitter boolean,
    has_facebook boolean,
    followed_back boolean
);

create table probes (
    dataset_id varchar not null,
    probe_id varchar not null,
    brand varchar not null,
    network network_t not null,
    probe_type probe_type_t not null,
    sent_at timestamp,
    responded boolean,
    response_minutes integer
);

-- Aggregates over the slicer dimensions, built at load: every share, base and mean a page shows is a sum
-- over these, so slicing stays fast at millions of rows. n = rows, w = sum of weights, w2 = sum of squared
-- weights (for the Kish effective base), wx = weighted sum of minutes (for means), w2x and w2x2 = sums of squared
-- weights times minutes and times squared minutes (with w2, for the linearised variance of a weighted mean).
create table respondent_answers (
    dataset_id varchar not null,
    age_group age_group_t not null,
    gender gender_t not null,
    region varchar,
    channels_used channel_t[] not null,
    networks_used network_t[] not null,
    question varchar not null,
    answer varchar not null,
    n bigint not null,
    w double not null,
    w2 double not null
);

create table respondent_totals (
    dataset_id varchar not null,
    age_group age_group_t not null,
    gender gender_t not null,
    question varchar not null,
    answer varchar not null,
    n bigint not null,
    w double not null,
    w2 double not null
);

create table contact_answers (
    dataset_id varchar not null,
    age_group age_group_t not null,
    gender gender_t not null,
    region varchar,
    channel channel_t not null,
    network network_t,
    question varchar not null,
    answer varchar not null,
    n bigint not null,
    w double not null,
    w2 double not null,
    wx double,
    w2x double,
    w2x2 double
);

-- Pairs of different contacts of the same respondent, by both contacts' channels and answers to one question: w2
-- sums the product of their weights (the respondent's weight squared). With the contacts' own w2, these give the
-- variance of a share of contacts pooled over channels when one person's contacts are alike (clustered by
-- respondent), and of the difference between one channel's contacts and the other channels' (often the same people).
create table contact_pairs (
    dataset_id varchar not null,
    age_group age_group_t not null,
    gender gender_t not null,
    region varchar,
    question varchar not null,
    channel_a channel_t not null,
    channel_b channel_t not null,
    answer_a varchar not null,
    answer_b varchar not null,
    w2 double not null
);

-- How many people a slice's contacts come from: respondents counted by the set of channels on which they answered
-- one question (their contacts on the channels a filter keeps are theirs). Small-base flags of contacts pooled over
-- channels count people, as every other base does, not contacts.
create table contact_people (
    dataset_id varchar not null,
    age_group age_group_t not null,
    gender gender_t not null,
    region varchar,
    question varchar not null,
    channels channel_t[] not null,
    n bigint not null
);

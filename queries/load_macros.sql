-- load_macros: the slice every page query starts from, written once.
-- answers_in_slice / contact_answers_in_slice: the aggregate rows of one dataset that match the sidebar
-- slicers (an empty list means no filter; for respondents, a channel or network matches people who contacted
-- customer service on it). answers_in_slice reads the small respondent_totals when the slice and its splits
-- need neither region, channel nor network, else respondent_answers (the other branch's filter is constant
-- false, so only one table is scanned). segments_of: the segments a row falls in for the splits
-- asked for (any of age_group, gender, region, channel; none: no segment; a respondent who used several
-- channels falls in each of them). A region's segment is 'region:' and its name (empty when not given), so
-- that no region, whatever an imported survey calls it, collides with 'All' or another split's values; the
-- other segment values never collide across splits, so one query can serve several.
-- contact_codes: one contact's answers as load_contact_answers and load_contact_pairs aggregate them, a list
-- of {question, answer, x} in a fixed order: question 'contact' (answer 'all') counts every contact; minutes
-- are bucketed by the upper edges in edges ('more' past the last); expected_response answers 'none' when no
-- response is expected, so its base is every contact; expected_paired / response_paired hold contacts with
-- both an expected and an actual response time, and gap_paired ('all') the same contacts with x their actual
-- minus expected minutes (for the paired test of the gap); x is the minutes of the timed questions. A null
-- answer is no answer. minutes_bucket names the bucket of some minutes by its upper edge ('30min'); paired:
-- whether a contact has both an expected and an actual response time.
-- cell_problem: what is wrong with one text cell under its field's contract rule (null when nothing is), used
-- by check_cells (problems by field) and ingest_rejected_lines (lines to leave out) so both judge alike.
-- params: none (macro arguments are bound by the queries that call them)
create macro answers_in_slice(dataset, age_groups, genders, regions, channels, networks, splits) as table
    select age_group, gender, null::varchar as region, []::channel_t[] as channels_used, question, answer, n, w, w2
    from respondent_totals
    where dataset_id = dataset
        and len(regions) = 0 and len(channels) = 0 and len(networks) = 0
        and not list_has_any(splits, ['channel', 'region'])
        and (len(age_groups) = 0 or list_contains(age_groups, age_group))
        and (len(genders) = 0 or list_contains(genders, gender))
    union all
    select age_group, gender, region, channels_used, question, answer, n, w, w2
    from respondent_answers
    where dataset_id = dataset
        and (len(regions) > 0 or len(channels) > 0 or len(networks) > 0 or list_has_any(splits, ['channel', 'region']))
        and (len(age_groups) = 0 or list_contains(age_groups, age_group))
        and (len(genders) = 0 or list_contains(genders, gender))
        and (len(regions) = 0 or list_contains(regions, region))
        and (len(channels) = 0 or list_has_any(channels::channel_t[], channels_used))
        and (len(networks) = 0 or list_has_any(networks::network_t[], networks_used));

create macro contact_answers_in_slice(dataset, age_groups, genders, regions, channels, networks) as table
    select *
    from contact_answers
    where dataset_id = dataset
        and (len(age_groups) = 0 or list_contains(age_groups, age_group))
        and (len(genders) = 0 or list_contains(genders, gender))
        and (len(regions) = 0 or list_contains(regions, region))
        and (len(channels) = 0 or list_contains(channels, channel))
        and (len(networks) = 0 or list_contains(networks, network));

create macro segments_of(splits, age_group, gender, region, channels) as
    list_concat(
        if(list_contains(splits, 'age_group'), [age_group::varchar], []::varchar[]),
        if(list_contains(splits, 'gender'), [gender::varchar], []::varchar[]),
        if(list_contains(splits, 'region'), ['region:' || coalesce(region, '')], []::varchar[]),
        if(list_contains(splits, 'channel'), channels::varchar[], []::varchar[])
    );

create macro minutes_bucket(minutes, edges) as
    coalesce(list_filter(edges::integer[], lambda e: minutes <= e)[1]::varchar || 'min', 'more');

create macro paired(expected_minutes, got_response, response_minutes) as
    expected_minutes is not null and got_response and response_minutes is not null;

create macro contact_codes(
    edges, got_response, resolved, followed_up, reason, resolution_time, contacts_needed, satisfaction,
    expected_minutes, response_minutes
) as [
    {'question': 'contact', 'answer': 'all', 'x': null::double},
    {'question': 'got_response', 'answer': got_response::varchar, 'x': null},
    {'question': 'resolved', 'answer': resolved::varchar, 'x': null},
    {'question': 'followed_up', 'answer': followed_up::varchar, 'x': null},
    {'question': 'reason', 'answer': reason::varchar, 'x': null},
    {'question': 'resolution_time', 'answer': if(resolved, resolution_time::varchar, null), 'x': null},
    {'question': 'contacts_needed', 'answer': if(contacts_needed >= 5, '5+', contacts_needed::varchar), 'x': null},
    {'question': 'satisfaction', 'answer': satisfaction::varchar, 'x': null},
    {
        'question': 'expected_response',
        'answer': if(expected_minutes is null, 'none', minutes_bucket(expected_minutes, edges)),
        'x': expected_minutes
    },
    {
        'question': 'response_time',
        'answer': if(got_response and response_minutes is not null, minutes_bucket(response_minutes, edges), null),
        'x': response_minutes
    },
    {
        'question': 'expected_paired',
        'answer': if(
            paired(expected_minutes, got_response, response_minutes), minutes_bucket(expected_minutes, edges), null
        ),
        'x': expected_minutes
    },
    {
        'question': 'response_paired',
        'answer': if(
            paired(expected_minutes, got_response, response_minutes), minutes_bucket(response_minutes, edges), null
        ),
        'x': response_minutes
    },
    {
        'question': 'gap_paired',
        'answer': if(paired(expected_minutes, got_response, response_minutes), 'all', null),
        'x': response_minutes - expected_minutes
    }
];

create macro cell_problem(value, required, kind, allowed, exclusive_min, min_value, max_value) as
    case
        when value is null then
            case when required then 'blank, but required' end
        when kind = 'enum' and not list_contains(allowed, value) then
            'must be one of: ' || array_to_string(allowed, ', ')
        when kind = 'multi' and not list_has_all(allowed, string_split(value, ';')) then
            'must be values from: ' || array_to_string(allowed, ', ') || ' (separated by ;)'
        when kind = 'boolean' and value not in ('true', 'false') then
            'must be true or false'
        when kind = 'integer' and not regexp_full_match(value, '[+-]?[0-9]+') then
            'must be a whole number'
                || if(max_value is null, '', ' from ' || min_value::bigint || ' to ' || max_value::bigint)
        when kind = 'integer' and try_cast(value as integer) is null then
            'must be a whole number from ' || min_value::bigint || ' to ' || coalesce(max_value, 2147483647)::bigint
        when kind = 'number' and (not coalesce(isfinite(try_cast(value as double)), false) or contains(value, '_')) then
            'must be a number'
        when kind = 'timestamp' and try_cast(value as timestamp) is null then
            'must be a date and time such as 2011-09-05T10:30:00'
        when exclusive_min and try_cast(value as double) <= min_value then
            'must be greater than ' || min_value::bigint
        when try_cast(value as double) < min_value then
            'must be at least ' || min_value::bigint
        when try_cast(value as double) > max_value then
            'must be at most ' || max_value::bigint
    end;

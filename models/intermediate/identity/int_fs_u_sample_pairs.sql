{#
    The random record pairs of the u probabilities (how often two different people agree by
    chance): each record is paired with var('u_sample_partners') others, found by consistent
    hashing. Records and targets are points on one hash line (the hash of the record key, and
    of the key with a partner number); a record's partner number k is the first record at or
    after its k-th target. Linear in the number of records, no cross join, deterministic, and
    stable under new data: a new record takes over only the targets just before it (about
    var('u_sample_partners') of them) and brings its own, so an incremental run compares few
    new sample pairs (int_fs_u_sample is memoized). Past var('u_sample_max_pairs') targets only
    the lowest on the line are kept: a fixed-size random sample (Splink's `max_pairs`), since
    u needs a large sample, not one growing with the data (at 1M people 4 partners would be
    12.7M pairs, the slowest model of the build).
#}
with

records as (
    select record_key from {{ ref('int_identity_records') }}
    where has_name or birth_date is not null or email_match is not null or phone_match is not null
),

partners as (
    {%- for partner in range(1, var('u_sample_partners') + 1) %}
        select {{ partner }} as partner_number
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

record_positions as (
    select
        record_key
        , {{ dbt.hash('record_key') }} as position
    from records
),

targets as (
    select
        records.record_key as record_key_l
        , {{ dbt.hash(dbt.concat([
            'records.record_key', "'#'", 'cast(partners.partner_number as ' ~ dbt.type_string() ~ ')'
        ])) }} as position
    from records
    cross join partners
),

sampled_targets as (
    -- at most var('u_sample_max_pairs') targets: the lowest on the hash line (a random subset
    -- that new data shifts only at its upper edge; a top-n, not a sort of every target)
    select
        record_key_l
        , position
    from targets
    {%- if var('u_sample_max_pairs') is not none %}
        order by position
        limit {{ var('u_sample_max_pairs') | int }}
    {%- endif %}
),

partnered as (
    -- each target's partner: the first record at or after it on the hash line
    {{ c360.first_at_or_after('sampled_targets', 'record_positions') }}
),

final as (
    select distinct
        record_key_l
        , record_key_r
    from partnered
    where record_key_r <> record_key_l
)

select * from final

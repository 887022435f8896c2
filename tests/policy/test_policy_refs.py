"""How an input value is matched to the resource it refers to."""

from policy_graphs import res

from policy.refs import resolve

S3 = "aws:s3/bucket:Bucket"


def test_exact_identifier_beats_an_auto_name_match():
    # "files-archive" is the archive's own physical name, and also "files" plus a suffix.
    files, archive = res(S3, "files"), res(S3, "archive", bucket="files-archive")
    assert resolve("files-archive", [files, archive]) is archive


def test_arn_and_self_link_tails_and_urns_are_followed():
    files, logs = res(S3, "files"), res(S3, "logs")
    assert resolve("arn:aws:s3:::logs-1a2b3c4", [files, logs]) is logs
    assert resolve(files.urn, [files, logs]) is files


def test_unmatched_value_falls_back_only_to_a_sole_candidate():
    files, logs = res(S3, "files"), res(S3, "logs")
    # Mocked zone ids such as Z0A1B2C3 name nothing; with one zone it can only be that one.
    assert resolve("Z0A1B2C3", [files]) is files
    assert resolve("Z0A1B2C3", [files, logs]) is None
    assert resolve(None, [files, logs]) is None

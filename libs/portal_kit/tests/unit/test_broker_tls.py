import ssl

import pytest

from portal_kit.broker_tls import (
    BrokerTlsError,
    broker_ssl,
    check_broker_certificate,
    ssl_options,
    with_broker_tls,
)

TLS_URI = "amqps://svc:pw@portal-rabbitmq.portal.svc:5671/portal"


@pytest.fixture
def ca_file(tmp_path):
    path = tmp_path / "ca.crt"
    path.write_text("-----BEGIN CERTIFICATE-----\n")
    return str(path)


class TestTheTlsOptions:
    def test_a_plain_uri_uses_no_tls(self):
        assert ssl_options({"AMQP_URI": "amqp://guest:guest@127.0.0.1:5672/"}) is None

    def test_amqps_requires_a_verified_certificate_that_names_the_uri_host(self, ca_file):
        options = ssl_options({"AMQP_URI": TLS_URI, "AMQP_SSL_CA_FILE": ca_file})

        assert options == {"cert_reqs": ssl.CERT_REQUIRED, "ca_certs": ca_file,
                           "server_hostname": "portal-rabbitmq.portal.svc",
                           "tls_minimum_version": ssl.TLSVersion.TLSv1_2}

    def test_amqps_without_a_ca_file_trusts_the_system_cas_and_still_checks(self):
        options = ssl_options({"AMQP_URI": TLS_URI, "AMQP_SSL_CA_FILE": ""})

        assert options["cert_reqs"] == ssl.CERT_REQUIRED and "ca_certs" not in options

    def test_a_client_certificate_is_given_with_its_key(self, ca_file, tmp_path):
        cert, key = tmp_path / "c.pem", tmp_path / "c.key"
        cert.write_text("c")
        key.write_text("k")
        options = ssl_options({"AMQP_URI": TLS_URI, "AMQP_SSL_CERT_FILE": str(cert),
                               "AMQP_SSL_KEY_FILE": str(key)})

        assert (options["certfile"], options["keyfile"]) == (str(cert), str(key))

    def test_a_certificate_without_its_key_is_refused(self, ca_file):
        with pytest.raises(BrokerTlsError, match="go together"):
            ssl_options({"AMQP_URI": TLS_URI, "AMQP_SSL_CERT_FILE": ca_file})

    def test_a_missing_file_is_refused_by_name(self):
        with pytest.raises(BrokerTlsError, match="AMQP_SSL_CA_FILE=/nowhere/ca.crt"):
            ssl_options({"AMQP_URI": TLS_URI, "AMQP_SSL_CA_FILE": "/nowhere/ca.crt"})

    def test_a_ca_file_beside_a_plain_uri_is_refused_as_it_would_not_be_used(self, ca_file):
        with pytest.raises(BrokerTlsError, match="not amqps://"):
            ssl_options({"AMQP_URI": "amqp://b:5672/", "AMQP_SSL_CA_FILE": ca_file})


class TestNamekosSetting:
    def test_is_filled_in_from_the_kit_settings(self, ca_file):
        config = with_broker_tls({"AMQP_URI": TLS_URI, "AMQP_SSL_CA_FILE": ca_file})

        assert config["AMQP_SSL"]["ca_certs"] == ca_file

    def test_is_none_on_a_plain_uri(self):
        assert with_broker_tls({"AMQP_URI": "amqp://b/"})["AMQP_SSL"] is None

    def test_given_explicitly_is_what_every_connection_uses(self):
        assert broker_ssl({"AMQP_URI": TLS_URI, "AMQP_SSL": {"ca_certs": "x"}}) == {
            "ca_certs": "x"}


class TestTheStartUpCheck:
    def test_checks_nothing_without_tls(self):
        check_broker_certificate("amqp://guest:guest@127.0.0.1:1/", None)

    def test_a_broker_that_does_not_answer_is_not_a_tls_failure(self, ca_file):
        options = {"cert_reqs": ssl.CERT_REQUIRED, "server_hostname": "localhost"}

        check_broker_certificate("amqps://guest:guest@127.0.0.1:1/", options, timeout=1)

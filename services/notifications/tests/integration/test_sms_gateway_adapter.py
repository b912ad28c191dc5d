"""The HTTP SMS adapter against the local gateway (deploy/smsgateway.py) as a process."""
import pytest
import requests

from notifications.adapters.sms import HttpSmsGateway, SmsSettings
from notifications.domain.exceptions import DeliveryRefused, NotDelivered
from notifications.domain.model import Outgoing
from portal_kit.testing import free_port

SMS = Outgoing("d-1", "sms", "+4791234567", "Kari", "", "Kari inviterer deg: http://x/i/a",
               "", "nb", False)


def adapter(gateway, **settings):
    return HttpSmsGateway(SmsSettings(url=f"{gateway.url}/messages", token="t0ken", **settings))


class TestHttpSmsGateway:
    def test_a_message_reaches_the_gateway_with_its_reference(self, sms_gateways):
        gateway = sms_gateways()
        adapter(gateway).send(SMS)
        [message] = gateway.messages()
        assert (message["to"], message["text"], message["idempotency_key"]) == (
            "+4791234567", "Kari inviterer deg: http://x/i/a", "d-1")

    @pytest.mark.parametrize("status", [500, 503, 429])
    def test_a_gateway_error_or_rate_limit_is_temporary(self, sms_gateways, status):
        gateway = sms_gateways()
        gateway.behave(status=status)
        with pytest.raises(NotDelivered) as failure:
            adapter(gateway).send(SMS)
        assert not failure.value.permanent and str(status) in failure.value.detail

    def test_a_refused_number_is_permanent(self, sms_gateways):
        gateway = sms_gateways()
        bad = Outgoing("d-2", "sms", "not-a-number", "", "", "x", "", "en", False)
        with pytest.raises(DeliveryRefused):
            adapter(gateway).send(bad)

    def test_a_gateway_that_hangs_is_a_temporary_failure_after_the_timeout(self, sms_gateways):
        gateway = sms_gateways()
        gateway.behave(delay=3)
        with pytest.raises(NotDelivered, match="did not answer in time"):
            adapter(gateway, read_timeout=0.5).send(SMS)

    def test_a_gateway_that_is_not_there_is_a_temporary_failure(self):
        gone = HttpSmsGateway(SmsSettings(url=f"http://127.0.0.1:{free_port()}/messages"))
        with pytest.raises(NotDelivered, match="unreachable") as failure:
            gone.send(SMS)
        assert not failure.value.permanent


def test_the_behaviour_can_be_reset(sms_gateways):
    gateway = sms_gateways()
    gateway.behave(status=500)
    gateway.behave(status=None)
    assert requests.post(f"{gateway.url}/messages", json={"to": "+4712345678", "text": "x"},
                         timeout=5).status_code == 201

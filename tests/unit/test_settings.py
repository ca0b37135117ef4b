import pytest

from spontan_app.settings import DEV_SECRET_KEY, Settings, UnsafeSettingsError

SAFE_PRODUCTION = {
    "SPONTAN_ENV": "production",
    "SPONTAN_WA_PROVIDER": "cloud",
    "SPONTAN_WA_TOKEN": "token",
    "SPONTAN_WA_PHONE_NUMBER_ID": "12345",
    "SPONTAN_SECRET_KEY": "x" * 48,
    "SPONTAN_DATABASE_URL": "postgresql+psycopg://app@db/spontan",
}


@pytest.fixture
def env(monkeypatch):
    for key in [
        "SPONTAN_ENV",
        "SPONTAN_CAPTCHA_FIXED",
        "SPONTAN_WA_PROVIDER",
        "SPONTAN_SECRET_KEY",
        "SPONTAN_WA_TOKEN",
        "SPONTAN_WA_PHONE_NUMBER_ID",
        "SPONTAN_REDIS_URL",
        "SPONTAN_PUBLIC_URL",
        "SPONTAN_DATABASE_URL",
        "SPONTAN_UPLOAD_DIR",
    ]:
        monkeypatch.delenv(key, raising=False)

    def apply(values: dict[str, str]) -> Settings:
        for key, value in values.items():
            monkeypatch.setenv(key, value)
        return Settings()

    return apply


def test_defaults_are_the_embedded_development_setup(env):
    settings = env({})
    assert settings.env == "development"
    assert settings.database_url.startswith("sqlite:///") and settings.database_url.endswith("data/spontan.db")
    assert settings.wa_provider == "console"
    assert settings.redis_url is None
    assert settings.public_url == "http://localhost:3000"
    assert settings.secret_key == DEV_SECRET_KEY
    settings.check_safe()  # development accepts all of it


def test_safe_production_settings_start(env):
    settings = env(SAFE_PRODUCTION)
    settings.check_safe()
    assert settings.production_problems() == []


@pytest.mark.parametrize(
    ("override", "variable"),
    [
        ({"SPONTAN_WA_PROVIDER": "console"}, "SPONTAN_WA_PROVIDER"),
        ({"SPONTAN_CAPTCHA_FIXED": "ABC"}, "SPONTAN_CAPTCHA_FIXED"),
        ({"SPONTAN_SECRET_KEY": DEV_SECRET_KEY}, "SPONTAN_SECRET_KEY"),
        ({"SPONTAN_SECRET_KEY": "short"}, "SPONTAN_SECRET_KEY"),
        ({"SPONTAN_WA_TOKEN": ""}, "SPONTAN_WA_TOKEN"),
    ],
)
def test_production_refuses_unsafe_settings_naming_the_variable(env, override, variable):
    settings = env({**SAFE_PRODUCTION, **override})
    with pytest.raises(UnsafeSettingsError) as excinfo:
        settings.check_safe()
    assert variable in str(excinfo.value)


def test_blank_optional_variables_mean_unset_and_urls_lose_trailing_slash(env):
    settings = env({"SPONTAN_REDIS_URL": " ", "SPONTAN_PUBLIC_URL": "https://spontan.example/"})
    assert settings.redis_url is None
    assert settings.public_url == "https://spontan.example"


def test_unknown_environment_name_is_rejected(env):
    with pytest.raises(ValueError):
        env({"SPONTAN_ENV": "prod"})

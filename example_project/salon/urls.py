"""The salon's public pages (the customer's side; staff use /admin/)."""

from django.urls import path

from . import views

app_name = "salon"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("book/", views.BookView.as_view(), name="book"),
    path("bookings/<int:pk>/", views.BookedView.as_view(), name="booked"),
]

trigger TimCaseChanged on Tim_Case_Changed__e(after insert) {
  TimCaseChangedSubscriber.handle(Trigger.new);
}
